// title: 已有技术领域 / Tech fields an import can refer to
// description: Every technology field by uid and name.
MATCH (f:TechField)
RETURN f.uid AS uid, coalesce(f.name, f.uid) AS name
