// title: 机构的合作关系 / Collaborations of an organisation
// description: Every collaboration of an enterprise, university, institute or expert (matched by uid, credit code or exact name), with type, year and project.
// param: organisation: str
MATCH (o)
WHERE (o:Enterprise OR o:University OR o:ResearchInstitute OR o:Expert)
  AND (o.uid = $organisation OR o.name = $organisation OR o.credit_code = $organisation)
MATCH (o)-[r:COLLABORATES_WITH]-(p)
RETURN o.name AS organisation, p.name AS partner, labels(p)[0] AS partner_label,
       r.type AS type, r.year AS year, r.project AS project,
       coalesce(r.sample, false) AS sample
ORDER BY year, partner, project
