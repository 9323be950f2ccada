// title: 无科研伙伴的高新企业 / High-tech firms with no research partner
// description: 给定标识的本地企业（协同网络分析已从合作网络边表判定它们与高校、院所、专家没有任何合作、联合体或工作站联系，且最高梯度等级——导入时维护的派生字段 top_rank / top_tier——不低于高新）的名称、梯度、企业间合作数和 partners_known：这种“没有”是否已知——企业属示例层（示例名单列出其全部联系），或某份已导入名单列出过它的合作、联合体或工作站；否则图谱对其科研伙伴未掌握。结果为一行：firms 每项为 [标识, 名称, 梯度, 梯度等级, 企业间合作, 伙伴已知, 来源, 示例数据]，按梯度等级从高到低、名称排序。
// param: uids: list = []
// label: uids: 企业标识
// label: firms: 企业（标识、名称、梯度、梯度等级、企业间合作、伙伴已知、来源、示例数据）
UNWIND $uids AS uid
MATCH (e:Enterprise {uid: uid})
WITH e ORDER BY e.top_rank DESC, e.name, e.uid
// one row of one list per firm (ten thousand records decode several times slower):
// [uid, name, tier, rank, enterprise_ties, partners_known, source, sample]
RETURN collect([e.uid, e.name, e.top_tier, e.top_rank,
       COUNT { (e)-[:COLLABORATES_WITH]-(:Enterprise) },
       coalesce(e.sample, false)
         OR EXISTS { (e)-[:COLLABORATES_WITH]-() }
         OR EXISTS { (e)-[:MEMBER_OF|LEADS]->(:Consortium) }
         OR EXISTS { (e)<-[:HOSTED_BY]-(:Workstation) },
       e.source,
       coalesce(e.sample, false)]) AS firms
