"""Thin routers under /v1: each checks roles and calls qa_engine, audits or rubrics."""
