// title: 挂链·企业文本 / Linking: enterprises with text
// description: 有经营范围或主营产品的企业：名称、统一社会信用代码、所在区、文本、技术领域及已确认的环节。kg link suggest 使用。
// label: uid: 企业标识
// label: name: 企业
// label: credit_code: 统一社会信用代码
// label: district: 所在区
// label: business_scope: 经营范围
// label: main_products: 主营产品
// label: fields: 技术领域
// label: segments: 已确认环节
// label: top_rank: 最高梯度等级
MATCH (e:Enterprise)
WHERE e.business_scope IS NOT NULL OR e.main_products IS NOT NULL
RETURN e.uid AS uid, e.name AS name, e.credit_code AS credit_code, e.district AS district,
       e.business_scope AS business_scope, e.main_products AS main_products,
       [(e)-[:HAS_FIELD]->(f:TechField) | f.name] AS fields,
       [(e)-[:IN_SEGMENT]->(s:ChainSegment) | s.uid] AS segments,
       coalesce(e.top_rank, 0) AS top_rank
ORDER BY uid
