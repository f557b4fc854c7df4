"""teamkit: team (workspace) membership for Firebase apps, on Cloud Functions and Firestore.

The package is plain domain code: use cases take a Firestore client and plain values, so tests
call them directly; `main.py` only declares the Cloud Functions that hand requests over to it.
"""
