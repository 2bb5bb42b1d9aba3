# tfauth:ignore hardcoded-access-key,account-id exp:2027-01-31 fixture */
x
// tfauth:ignore-file a,b
