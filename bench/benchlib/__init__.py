"""Helpers of bench/run.py: the throwaway PostgreSQL cluster, the processes under test,
HTTP, wrk, the data and RESULTS.md. Standard library only."""
