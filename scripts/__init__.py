"""The pipeline's steps, each run as ``python -m scripts.<step>`` from the project folder."""
