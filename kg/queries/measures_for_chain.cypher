// title: 支持某产业链的政策措施 / Measures that support a chain
// description: 支持某条产业链本身或其某个环节的政策措施，附被支持的对象和作为依据的措施原文句子。
// param: chain: str
// label: chain: 产业链
// label: measure_no: 措施编号
// label: measure: 政策措施
// label: target: 支持对象
// label: sentence: 依据原文
// asks: {chain}有哪些[政策|措施|扶持|支持]
// asks: 哪些[政策|措施]支持{chain}
// answer: 支持{chain}产业链的政策措施共{n}条：{names:measure}
// empty: 图谱中未掌握支持{chain}产业链的政策措施
MATCH (m:Measure)-[r:SUPPORTS]->(x)
WHERE (x:IndustryChain AND x.uid = $chain) OR (x:ChainSegment AND x.chain = $chain)
RETURN m.no AS measure_no, coalesce(m.title, m.name) AS measure,
       collect(DISTINCT x.name) AS target, head(collect(r.sentence)) AS sentence
ORDER BY measure_no
