"""Great Expectations: the suites (gx/suites.py) and the context template (great_expectations.yml)."""
