"""The web application: pages over the library, for the steering committee, departments and communes."""
