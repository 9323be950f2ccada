// title: 断链分析·环节企业分层 / Gap analysis: firms per segment by locality and top tier
// description: Enterprises of each segment grouped by local (district = local_district) or outside and by their highest tier, best first — higher tier, more collaborations, name — with the first max_names of each group. Reads the derived facts the importer keeps on each enterprise (top_tier, top_rank, collaborations). Current state; gaps_firms_as_of counts certifications up to a year. Used by kg gaps and the chain map.
// param: chain: str = null
// param: local_district: str = "松江区"
// param: as_of_year: int = null
// param: max_names: int = 100
// as_of_year must be null here (the derived facts are the current state); gaps.segment_data sends a
// year to gaps_firms_as_of instead.
MATCH (c:IndustryChain)<-[:PART_OF]-(s:ChainSegment)
WHERE ($chain IS NULL OR c.uid = $chain) AND $as_of_year IS NULL
MATCH (s)<-[:IN_SEGMENT]-(e:Enterprise)
WITH s.uid AS segment_uid, coalesce(e.district = $local_district, false) AS local,
     e.top_tier AS tier, coalesce(e.top_rank, 0) AS rank, coalesce(e.collaborations, 0) AS collaborations, e
ORDER BY collaborations DESC, e.name, e.uid
WITH segment_uid, local, tier, rank,
     collect({uid: e.uid, name: e.name, tier: tier, rank: rank, collaborations: collaborations,
              district: e.district, sample: coalesce(e.sample, false)}) AS firms
RETURN segment_uid, local, tier, rank, size(firms) AS count,
       firms[0..$max_names] AS firms, any(f IN firms WHERE f.sample) AS sample
ORDER BY segment_uid, local DESC, rank DESC, tier
