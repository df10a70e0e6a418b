import type {Migration} from './index.js'

/**
 * UC services of type Jabber Client Configuration (jabber-config.xml), service profiles and the end users' UC Service
 * Profile (issue 20, item 24; the guide's "Configure Wi-Fi SSID" and "Associate Jabber Service Profile to the End
 * User"). The system default service profile and its UC service ("Default") are not rows: their parameters are the
 * cluster's Jabber parameters (`params`, `param jabber set`), and a user with no row here has the default profile.
 * mobile_service: the name of the UC service in the profile's Jabber Client Configuration Mobile slot (NULL: none).
 */
export const m012ServiceProfiles: Migration = {
  version: 12,
  name: 'UC services (jabber-config.xml), service profiles and end users',
  up: `
CREATE TABLE uc_services (
  id          INTEGER PRIMARY KEY,
  cluster_id  INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  name        TEXT NOT NULL COLLATE NOCASE,
  description TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  UNIQUE (cluster_id, name)
);

CREATE TABLE uc_service_params (
  service_id INTEGER NOT NULL REFERENCES uc_services(id) ON DELETE CASCADE,
  param_id   TEXT NOT NULL,
  value      TEXT NOT NULL,
  changed_at INTEGER NOT NULL,
  PRIMARY KEY (service_id, param_id)
) WITHOUT ROWID;

CREATE TABLE service_profiles (
  id             INTEGER PRIMARY KEY,
  cluster_id     INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  name           TEXT NOT NULL COLLATE NOCASE,
  description    TEXT NOT NULL DEFAULT '',
  mobile_service TEXT COLLATE NOCASE,
  created_at     INTEGER NOT NULL,
  UNIQUE (cluster_id, name)
);

CREATE TABLE end_user_profiles (
  cluster_id INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  user       TEXT NOT NULL COLLATE NOCASE,
  profile_id INTEGER NOT NULL REFERENCES service_profiles(id) ON DELETE CASCADE,
  PRIMARY KEY (cluster_id, user)
) WITHOUT ROWID;
`,
}
