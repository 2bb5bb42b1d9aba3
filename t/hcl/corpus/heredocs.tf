standard = <<EOT
  kept indentation
    more
EOT
flush = <<-EOT
    four spaces
      six spaces

    back to four
    EOT
policy = jsonencode({
  Statement = [{ Effect = "Allow" }]
})
raw = <<EOF
backslashes \n stay as typed, and "quotes" too
EOF
empty = <<EOT
EOT
interp = <<-EOT
  account ${var.account}
  EOT
