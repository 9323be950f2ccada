// title: 已有产业链 / Chains an import can refer to
// description: Every industry chain by uid and name.
MATCH (c:IndustryChain)
RETURN c.uid AS uid, coalesce(c.name, c.uid) AS name
