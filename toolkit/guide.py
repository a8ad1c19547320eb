"""The first text of the guide "How to become a signatory", seeded by ``bootstrap``.

Sources: the charter (``commitments/data/charter-v1.json``: its aims, principles, commitments
and "Implementation": once agreed at Cabinet and Executive level, every council is invited to
sign), the policy team's launch email (the toolkit helps town and parish councils "become
signatories to the charter should your council decide to do so"), and the portal's signing
pages (``councils/forms/signing.py``: the date of the resolution, the minute reference, a link
to the minutes, who authorised it). The policy team edits it in the portal afterwards.
"""

TITLE = "How to become a signatory"
SUMMARY = (
    "What the charter asks of your council, how the council decides to sign, a resolution you "
    "can adapt, and how the clerk records the decision in this portal."
)
BODY = """\
Any council in Oxfordshire can sign the Oxfordshire Councils Charter: the county council, the
district and city councils, and every town council, parish council and parish meeting. Signing
is voluntary and free. It is the start of the work, not the end of it.

# What the charter asks of your council

The charter has two strategic aims: **stronger partnership working** between Oxfordshire's
councils, and **enhancing local democracy**. A council that signs agrees to work by three shared
principles (mutual respect, relationship building, transparency and accountability) and towards
four themed commitments: communication, consultation and engagement, resources, and local
democracy.

The commitments are kept at a high level on purpose. Each council applies them in line with its
own resources, capacity and priorities: a parish meeting is not expected to do what a district
council does. Signing does not create new legal duties or costs.

After signing, your clerk reports progress against each commitment once a quarter, in this
portal, in a few sentences. Councils that have nothing new to report can say so.

# How a council decides

Signing is a decision of the council, taken at a meeting like any other decision:

1. Read the charter with your councillors (the [charter page](/charter/) has the full text).
2. Put an item on the agenda of your next full council meeting (or of the parish meeting),
   with the charter as a supporting paper.
3. Discuss it and vote on a resolution (below). A committee or the clerk can sign only if the
   council has delegated that decision to them.
4. Record the decision in the minutes, with a minute reference.

If you have questions before your meeting, ask the policy team at
[policyteam@oxfordshire.gov.uk](mailto:policyteam@oxfordshire.gov.uk).

# A resolution you can adapt

> That [name of council] signs the Oxfordshire Councils Charter, agrees to work by its shared
> principles and towards its commitments in a way that suits the council's resources, and
> authorises the clerk to record this decision on the charter portal.

# How to record it here

1. The clerk (or deputy clerk, or chair) creates an account on this portal and asks to act for
   the council ("Your councils", then "Ask to act for a council"). The policy team, or the
   council's own contact address, confirms it.
2. From "Your councils", choose "Sign the charter" and give the date of the resolution, the
   minute reference, a link to the published minutes if they are online, and the name and role
   of the person who authorised it (usually the chair).
3. Check your answers and confirm. The council then appears as a signatory in the
   [directory of signatories](/councils/), with its badge and certificate.

# When the charter changes

The charter is a living document. When a new version is published, every signatory is asked to
re-affirm it: the clerk records the council's new resolution the same way.

# Other resources

The [toolkit](/toolkit/) has templates, checklists and contacts for town and parish councils,
and [Navigating the county](/toolkit/county-services/) says which county services can help your
council and how to reach them.
"""
