"""What contributors use: the scaffold, the submit form, the guide, the Status page, the translation round trip.

A layer of the generator: it imports only from the layers below it (README, "How the generator is built").
"""
