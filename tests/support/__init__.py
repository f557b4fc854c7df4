"""Test support: the emulator suite, Auth-emulator accounts, builders and assertions."""
