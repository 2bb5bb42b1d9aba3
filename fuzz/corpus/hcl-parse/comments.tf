/* a block comment
   over lines */ a = 1
b = 2 # trailing hash
c = 3 // trailing slashes
d = /* inside */ 4
e = [
  1, # in a list
  2, // again
  /* and */ 3,
]
f = {
  # in an object
  x = 1
  y = 2 /* after */
}
g = "# not a comment // nor this /* nor */"
