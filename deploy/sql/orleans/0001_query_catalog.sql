-- The Orleans ADO.NET providers do not carry SQL of their own: at start-up each provider reads the
-- statements it needs from this table, keyed by name, and binds its parameters to them by name.
-- Every statement in orleans/*.sql therefore keeps the parameter names (@DeploymentId, @GrainId, …) and the
-- result column names that the providers of Orleans 10.4 read; table and column names behind them are ours.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);
