"""Writes to councils, each a function inside a transaction. Split by concept:

- ``register``: importing the register and the policy team's corrections;
- ``status``: keeping each council's signatory status in step with its records.
"""
