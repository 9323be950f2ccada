// title: 环节内企业 / Enterprises in a segment
// description: 某产业链一个环节里的企业：本地企业在前，再按最高梯度和名称。
// param: chain: str = "6G"
// param: segment: str
// param: local_district: str = @local_district
// label: chain: 产业链
// label: segment: 环节
// label: local_district: 本地区
// label: enterprise: 企业
// label: credit_code: 统一社会信用代码
// label: district: 所在区
// label: local: 本地
// label: top_tier: 最高梯度
// label: rank: 梯度等级
// label: sample: 示例数据
// asks: {chain}{segment}有哪些[企业|公司|厂商|厂家]
// asks: {segment}[环节]有哪些[企业|公司|厂商|厂家]
// asks: {segment}有多少[企业|公司|家]
// asks: 做{segment}的[企业|公司|有哪些|有谁|都有谁]
// asks: {chain}{segment}[企业|公司]名单
// answer: {chain}产业链「{segment}」环节共有{n}家企业：{names:enterprise}
// empty: 图谱中未掌握{chain}产业链「{segment}」环节的企业
MATCH (s:ChainSegment {chain: $chain})<-[:IN_SEGMENT]-(e:Enterprise)
WHERE s.name = $segment
// the highest tier is the derived top_tier / top_rank the import maintains (walked here only for a
// firm written without derived facts)
WITH e, CASE WHEN e.top_rank IS NOT NULL THEN {name: e.top_tier, rank: e.top_rank} ELSE
       reduce(best = null, t IN [(e)-[:CERTIFIED]->(x:Tier) | x] |
         CASE WHEN best IS NULL OR t.rank > best.rank OR (t.rank = best.rank AND t.name < best.name)
              THEN t ELSE best END) END AS top
RETURN e.name AS enterprise, e.credit_code AS credit_code, e.district AS district,
       coalesce(e.district = $local_district, false) AS local,
       top.name AS top_tier, coalesce(top.rank, 0) AS rank, coalesce(e.sample, false) AS sample
ORDER BY local DESC, rank DESC, enterprise, credit_code
