"""Behind :class:`balintlog.store.Store`: the tables, the engine, the queries
per aggregate and the maintenance of the vault file."""
