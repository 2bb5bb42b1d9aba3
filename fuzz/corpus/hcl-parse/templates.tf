plain    = "no interpolation"
escapes  = "tab\tnewline\nquote\"backslash\\ unicode \u00e9 \U0001F600"
dollar   = "literal $${not_interp} and %%{not_directive}"
lone     = "$ alone, % alone, {braces}"
interp   = "hello ${var.name}!"
nested   = "${"inner ${"deepest"}"}"
folded   = "x${"y"}z${1}${true}"
wrapped  = "${42}"
strip    = "a  ${~ "b" ~}  c"
directive = "%{ if var.on }on%{ else }off%{ endif }"
loop     = <<EOT
%{ for x in var.list ~}
- ${x}
%{ endfor ~}
EOT
multi_interp = "${
  var.a
}"
