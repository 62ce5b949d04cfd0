-- The attempt whose failure a batch is waiting out (its status's error names it): while it equals
-- attempts, no worker has claimed the batch since, and sending the same file again may bring the
-- next attempt forward (BatchStore.CreateOrFindAsync).
alter table batches add column failed_attempt int;
