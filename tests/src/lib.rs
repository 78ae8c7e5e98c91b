//! End-to-end tests of CCHC live in `tests/api/`: one binary that starts the real server on
//! `127.0.0.1:0` for each test and drives it through the SDK, on SQLite or — when
//! `CCHC_TEST_DATABASE_URL` is set — on PostgreSQL, in a schema of its own.
