// title: 已有技术领域 / Tech fields an import can refer to
// description: 全部技术领域的标识和名称：导入时可引用的技术领域。
// label: uid: 标识
// label: name: 名称
MATCH (f:TechField)
RETURN f.uid AS uid, coalesce(f.name, f.uid) AS name
