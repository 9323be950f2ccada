// title: 产业链一览 / Industry chains
// description: Every chain with its number of segments, enterprises (all / local) and serving carriers.
// param: local_district: str = @local_district
MATCH (c:IndustryChain)
RETURN c.uid AS chain,
       COUNT { (c)<-[:PART_OF]-(:ChainSegment) } AS segments,
       COUNT { (c)<-[:IN_CHAIN]-(:Enterprise) } AS enterprises,
       COUNT { (c)<-[:IN_CHAIN]-(e:Enterprise) WHERE e.district = $local_district } AS local_enterprises,
       COUNT { (c)<-[:SERVES]-(:Carrier) } AS carriers
ORDER BY chain
