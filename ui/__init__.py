"""Front-end helpers shared by every app: GOV.UK form markup, downloads, pagination.

A plain package, not an app: it imports none of the portal's apps, so any of them may use it.
"""
