-- Receipts and the audit log name a learner by their digest from this version on: lower-case hex of the SHA-256 of
-- tenant|pseudonym (LearnerDigest), never by the pseudonym, so that an erasure's verification scan, which reads these
-- tables too, finds the erased pseudonym nowhere. Rows written before named the learner by pseudonym: this rewrites
-- them to the digest. In the receipts that is the learner column of every row; in the audit log only the notifier's
-- look-ups of a name had a learner as target (export and erase name a request or receipt id, the tenants and district
-- verbs a tenant or district). A value that is a digest already (64 lower-case hex digits; a pseudonym has 32) is left
-- as it is. Neither column is in a sorting or partition key. Mutations: the server rewrites the parts in the
-- background, on tables of this size within seconds. 18.16 and current releases both have SHA256, hex, lower, match
-- and ALTER TABLE ... UPDATE.
ALTER TABLE ${database}.erasure_receipts
    UPDATE learner = lower(hex(SHA256(concat(tenant, '|', learner))))
    WHERE NOT match(learner, '^[0-9a-f]{64}$');
ALTER TABLE ${database}.audit_log
    UPDATE target = lower(hex(SHA256(concat(tenant, '|', target))))
    WHERE action = 'learner-directory look-up' AND NOT match(target, '^[0-9a-f]{64}$');
