/*
 * scan_tf.c - what `tfauth scan` does with one Terraform file: parse it,
 * check the provider and backend blocks it holds, then look for keys
 * anywhere else in it (locals, variable defaults, .tfvars values).
 */
#include <string.h>

#include "checks/textkeys.h"
#include "tf/tf.h"
#include "core/banned.h"

int tf_scan_handler(const char *path, const char *buf, size_t len, struct findings *fs)
{
	size_t n = strlen(path);
	const char *kind = n > 7 && !strcmp(path + n - 7, ".tfvars") ? "a .tfvars file" :
			   strstr(path, ".tfvars") ? "a .tfvars.json file" : "a Terraform file";

	textkeys_scan(path, buf, len, kind, fs);
	return 0;
}
