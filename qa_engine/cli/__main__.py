from qa_engine.cli import app

app(prog_name="qa-engine")
