"""Editor accounts for the explorer's 数据导入 page (kept outside the graph, in ``$KG_HOME``)."""
