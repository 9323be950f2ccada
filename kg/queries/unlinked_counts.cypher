// title: 未挂链企业数 / Enterprises not linked to a segment
// description: 本地企业中未挂链（没有任何已确认环节）的家数，全区一行（chain 为空）加每条产业链一行：属于该链（IN_CHAIN）但不在其任何环节的本地企业。建议（待确认）不算挂链。
// param: local_district: str = @local_district
// label: local_district: 本地区
// label: chain: 产业链
// label: local_enterprises: 本地企业
// label: unlinked: 未挂链
CALL () {
  MATCH (e:Enterprise {district: $local_district})
  RETURN null AS chain, count(e) AS local_enterprises,
         count(CASE WHEN NOT EXISTS { (e)-[:IN_SEGMENT]->(:ChainSegment) } THEN 1 END) AS unlinked
  UNION ALL
  MATCH (c:IndustryChain)
  OPTIONAL MATCH (c)<-[:IN_CHAIN]-(e:Enterprise {district: $local_district})
  RETURN c.uid AS chain, count(e) AS local_enterprises,
         count(CASE WHEN e IS NOT NULL AND NOT EXISTS { (e)-[:IN_SEGMENT]->(:ChainSegment)-[:PART_OF]->(c) }
                    THEN 1 END) AS unlinked
}
RETURN chain, local_enterprises, unlinked
ORDER BY chain IS NOT NULL, chain
