-- A sum over bigint that stays bigint. The built-in sum(bigint) returns numeric, which makes aging over a million
-- invoices a third slower; int8pl raises "bigint out of range" rather than wrapping, so an overflow is never silent.
CREATE AGGREGATE sum_int8(bigint) (SFUNC = int8pl, STYPE = bigint, INITCOND = '0');
