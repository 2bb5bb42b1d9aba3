empty {}
oneline { a = 1 }
labels "one" two "three" {
  inner {
    deeper "x" {
      v = null
    }
  }
}
resource "aws_s3_bucket" "b" {
  bucket = "x"
  lifecycle {
    prevent_destroy = true
  }
  dynamic "rule" {
    for_each = var.rules
    content {
      id = rule.value.id
    }
  }
}
repeat { n = 1 }
repeat { n = 2 }
