// title: 产业链名称 / Industry chain names
// description: 图谱中的产业链（按名称排序），只有名称：页面的产业链选择和产业链校验使用（不统计企业，大图上也是即时的）。
// label: chain: 产业链
MATCH (c:IndustryChain)
RETURN c.uid AS chain
ORDER BY chain
