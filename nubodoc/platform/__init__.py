"""The platform the guide is about: its facts, its images, the environment of a service.

:mod:`facts` loads ``platforms/<name>.toml`` (every fact with its source);
:mod:`profiles` picks the profile (``NUBODOC_PLATFORM``) and reads its Onyxia region part;
:mod:`drift` compares that part with a live instance; :mod:`shape` fits tasks to it;
:mod:`image_check` holds snippets to what each service image ships; :mod:`variables`
says what a service's environment holds and where each variable comes from.
"""
