arith     = 1 + 2 * 3 - 4 / 5 % 6
logic     = !var.a && var.b || var.c == var.d != false
compare   = var.x < 1 || var.x >= 10
cond      = var.enabled ? "yes" : "no"
nestcond  = var.a ? var.b ? 1 : 2 : 3
neg       = -12.5
not       = !true
splat1    = aws_instance.web[*].id
splat2    = aws_instance.web.*.private_ip
legacy    = var.list.0
index     = var.map["key"][0]
call      = concat(var.a, ["b"], var.rest...)
provfn    = provider::aws::arn_parse("arn:aws:iam::123456789012:role/x").account_id
for_list  = [for i, v in var.list : upper(v) if v != ""]
for_obj   = { for k, v in var.map : k => v... if v != null }
paren     = (1 + 2) * 3
obj_keys  = { "quoted" = 1, bare = 2, (var.k) = 3, colon: 4 }
empty_col = [[], {}]
numbers   = [0, 1.5, 1e3, 2.5E-2, 7e+2, 100000000000000000000]
ünïcode   = "identifiers may be Unicode"
with-dash = true
