-- An id to list and withdraw an invitation by, never the hash of its link's token. Withdrawing
-- ends it at once (its expiry becomes the time of withdrawal), so every check of an open
-- invitation refuses it with no further column.
ALTER TABLE invitations ADD COLUMN id TEXT;
-- Invitations made before: the id in the hyphenated form ids are kept in.
UPDATE invitations SET id = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' ||
        hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6)));
CREATE UNIQUE INDEX invitations_by_id ON invitations (id);
CREATE INDEX invitations_by_maker ON invitations (created_by);
