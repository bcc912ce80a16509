"""Password hashing sized for a workshop where a room logs in at once.

Django's Argon2 defaults (100 MiB, 8 lanes) cost about 260 ms of CPU a login on our two-core
machines, so fifty people logging in together queue for over ten seconds. Argon2id with
19 MiB, two passes and one lane is the first configuration the OWASP Password Storage Cheat
Sheet recommends, at about 35 ms. Hashes made with other parameters still verify and are
rehashed with these at the person's next login (Django's must_update).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class WorkshopArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
