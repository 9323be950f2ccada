// title: 一条政策措施支持什么 / What one measure supports
// description: 按序号指定的一条政策措施（沪松府〔2025〕150号的（一）至（十一））支持的对象：产业链、环节、梯度、载体类型、创新联合体、工作站，附依据的措施原文句子。
// param: measure: int
// label: measure: 措施序号
// label: measure_title: 政策措施
// label: kind: 对象类型
// label: target: 支持对象
// label: sentence: 依据原文
// asks: {measure}[支持|覆盖|涉及|扶持|针对|讲|说|内容]
// answer: 「{measure}」共支持{n}个对象：{names:target}
// empty: 图谱中未掌握「{measure}」支持的对象
MATCH (m:Measure {no: $measure})-[r:SUPPORTS]->(x)
RETURN coalesce(m.title, m.name) AS measure_title, labels(x)[0] AS kind, coalesce(x.name, x.uid) AS target,
       r.sentence AS sentence
ORDER BY kind, target
