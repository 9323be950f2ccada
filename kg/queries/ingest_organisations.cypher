// title: 可引用的单位 / Organisations an import can refer to
// description: Every organisation (the schema's organisation_labels) with its credit code and aliases: what an import matches names and codes against.
MATCH (n:Enterprise|University|ResearchInstitute|Expert|Workstation|Consortium|Carrier)
WHERE n.uid IS NOT NULL
RETURN labels(n)[0] AS label, n.uid AS uid, coalesce(n.name, n.uid) AS name, n.credit_code AS code,
       coalesce(n.aliases, []) AS aliases
