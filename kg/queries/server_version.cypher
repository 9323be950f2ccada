// title: 服务器版本 / Server version
// description: 所连接 Neo4j 服务器的版本和版本类型（社区版 / 企业版）；kg server status 对外部服务器使用。
// label: v: 版本
// label: edition: 版本类型
CALL dbms.components() YIELD versions, edition
RETURN versions[0] AS v, edition
