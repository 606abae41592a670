-- chiso store, schema version 6: failed logins are counted per address and name, so that nobody can lock an
-- account out from elsewhere, and one address cannot try any number of names.
ALTER TABLE login_failures ADD COLUMN ip VARCHAR;
