-- applicants.batch_id named its batch through a foreign key, and PostgreSQL checks a foreign key
-- with a trigger per row: a million-row load queued a million look-ups of the same batch row and
-- ran them after its COPY (the loader's "complete COPY" phase). Only the loader writes applicants,
-- always with the batch it is loading, and it checks that batch once in the batch's transaction,
-- locking its key (select ... for key share) until the commit: what the constraint guaranteed for
-- those rows. Batches are never deleted.
alter table applicants drop constraint applicants_batch_id_fkey;
