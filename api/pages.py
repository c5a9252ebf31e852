"""Server-rendered web pages for analysts, coaches and compliance officers (filled in by the web work)."""

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
