// title: 可引用的单位 / Organisations an import can refer to
// description: 全部组织（schema 的 organisation_labels）及其信用代码和别名：导入时名称和代码据此匹配。
// label: label: 类型
// label: uid: 标识
// label: name: 名称
// label: code: 统一社会信用代码
// label: aliases: 别名
MATCH (n:Enterprise|University|ResearchInstitute|Expert|Workstation|Consortium|Carrier)
WHERE n.uid IS NOT NULL
RETURN labels(n)[0] AS label, n.uid AS uid, coalesce(n.name, n.uid) AS name, n.credit_code AS code,
       coalesce(n.aliases, []) AS aliases
