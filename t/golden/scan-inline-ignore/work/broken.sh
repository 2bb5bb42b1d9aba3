echo start
# tfauth:ignore-file hardcoded-access-key not at the top, so it hides nothing
# tfauth:ignore hardcoded-acess-key misspelt id
export A=AKIAY34FZKBOKTSTVV7E
# tfauth:ignore hardcoded-access-key
export B=AKIAY34FZKBOKTSTVV7F
# tfauth:ignore hardcoded-access-key exp:2026-01-31 rotated by then
export C=AKIAY34FZKBOKTSTVV7G
# tfauth:ignore hardcoded-access-key exp:2027-02-30x typo in the date
export D=AKIAY34FZKBOKTSTVV7H
# tfauth:ignore hardcoded-access-key exp:2027-01-31 rotation ticket OPS-42
export E=AKIAY34FZKBOKTSTVV7I
# tfauth:ignore AKIAY34FZKBOKTSTVV7K pasted the key instead of the id
