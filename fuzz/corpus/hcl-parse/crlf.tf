a = "crlf"
b = <<-EOT
    x
    EOT
block "l" {
  c = [1,
    2]
}
