// title: 挂链·一家企业 / Linking: one enterprise
// description: 按企业标识或统一社会信用代码找一家企业（挂链审核接受时用它的名称、信用代码和所在区写入导入表）。
// param: enterprise: str
// label: enterprise: 企业标识或信用代码
// label: uid: 企业标识
// label: name: 企业
// label: credit_code: 统一社会信用代码
// label: district: 所在区
// label: segments: 已确认环节
MATCH (e:Enterprise)
WHERE e.uid = $enterprise OR e.credit_code = $enterprise
RETURN e.uid AS uid, e.name AS name, e.credit_code AS credit_code, e.district AS district,
       [(e)-[:IN_SEGMENT]->(s:ChainSegment) | s.uid] AS segments
ORDER BY uid
LIMIT 2
