# Test helpers: schema-shaped policy input objects (qcheck/schemas/input-v2.json) with
# defaults for every field, so a test states only what it varies:
#   fixtures.account({"id": "222222222222", "is_management": true})
# A file ending in _test.rego is loaded by `qcheck policy test` only, never by a check or
# a bundle.
package qcheck.lib.fixtures

import rego.v1

management_id := "111111111111"

org_arn := "arn:aws:organizations::111111111111:organization/o-abc"

root_arn := "arn:aws:organizations::111111111111:root/o-abc/r-abcd"

account_arn(id) := sprintf("arn:aws:organizations::111111111111:account/o-abc/%s", [id])

org_instance_arn := "arn:aws:sso:::instance/ssoins-org"

# The whole input document: empty collections, a known organization and identity center.
document(overrides) := object.union(
	{
		"qcheck": {"input_version": 2, "as_of": "2025-06-01", "snapshot": "snapshot.json"},
		"organization": organization({}),
		"identity_center": identity_center({}),
		"accounts": [],
		"instances": [],
		"applications": [],
		"customizations": [],
		"subscribers": [],
		"disabled_users": [],
		"scps": [],
		"gaps": [],
		"unknowns": [],
		"reference": reference({}),
	},
	overrides,
)

organization(overrides) := object.union(
	{
		"arn": org_arn,
		"id": "o-abc",
		"management_account_id": management_id,
		"feature_set": "ALL",
		"trusted_services": ["sso.amazonaws.com"],
	},
	overrides,
)

identity_center(overrides) := object.union(
	{
		"delegated_admins_known": true,
		"delegated_admin_account_ids": [],
		"delegated_admin_accounts": [],
		"approved_delegated_admin_account_id": null,
		"approved_delegated_admin_ou_arns": [],
		"approved_delegated_admin_ou_paths": [],
		"approved_delegated_admin_ous_known": true,
		"organization_instance_arns": [],
		"instances_known": true,
	},
	overrides,
)

# identity_center.delegated_admin_accounts[]: the account's own fields, as derived.
delegated_admin(a) := {
	"id": a.id,
	"arn": a.arn,
	"in_organization": a.in_organization,
	"ou_path": a.ou_path,
	"ou_arns": a.ou_arns,
}

# A member account at the root, in no zone, not a delegated administrator.
account(overrides) := object.union(
	{
		"arn": account_arn(id),
		"id": id,
		"name": sprintf("account-%s", [id]),
		"status": "ACTIVE",
		"active": true,
		"in_organization": true,
		"ou_path": "Root",
		"ou_arns": [root_arn],
		"is_management": id == management_id,
		"delegated_admin_known": true,
		"is_idc_delegated_admin": false,
		"delegated_admin_services": [],
		"zones": [],
		"allowed_regions": [],
		"residency_source": null,
		"scps_known": true,
		"scp_arns": [],
		"create_instance": {"outcome": "denied", "reason": "an SCP denies it", "policy_arns": []},
		"tags": {},
	},
	overrides,
) if {
	id := object.get(overrides, "id", "222222222222")
}

# The organization instance in the management account, serving no application.
instance(overrides) := object.union(
	{
		"arn": org_instance_arn,
		"name": "instance",
		"type": "organization",
		"status": "ACTIVE",
		"owner_account_id": owner,
		"owner_account_arn": account_arn(owner),
		"owner_is_management": owner == management_id,
		"identity_store_id": "d-0000000001",
		"home_region": "us-east-1",
		"regions": ["us-east-1"],
		"applications_known": true,
		"application_arns": [],
		"justification": null,
		"users_known": true,
		"user_count": 0,
		"users_with_external_ids": 0,
		"identity_source": null,
		"identity_source_basis": null,
		"home_region_opt_in": false,
	},
	overrides,
) if {
	owner := object.get(overrides, "owner_account_id", management_id)
}

# The account fields applications and customizations carry.
in_account(id) := {
	"account_id": id,
	"account_arn": account_arn(id),
	"account_name": sprintf("account-%s", [id]),
	"ou_path": "Root",
	"in_management_account": id == management_id,
	"in_delegated_admin_account": false,
	"zones": [],
	"allowed_regions": [],
	"residency_source": null,
}

# A Q Developer profile in a member account, declared in us-east-1, served by the
# organization instance.
application(overrides) := object.union(
	object.union(in_account(object.get(overrides, "account_id", "333333333333")), {
		"arn": "arn:aws:sso::111111111111:application/ssoins-org/apl-0001",
		"name": "profile",
		"origin": "observed",
		"kind": "q_developer",
		"aws_managed": true,
		"provider_arn": "arn:aws:sso::aws:applicationProvider/codewhisperer",
		"created_from": "us-east-1",
		"region": "us-east-1",
		"region_source": "declared",
		"region_text": "us-east-1 (declared)",
		"status": "ENABLED",
		"assignment_required": true,
		"assignments_known": true,
		"instance_arn": org_instance_arn,
		"instance_type": "organization",
		"instance_home_region": "us-east-1",
		"instance_regions": ["us-east-1"],
		"reachable_user_count": 0,
	}),
	overrides,
)

reference(overrides) := object.union(
	{
		"zones": {},
		"region_zones": {},
		"q_developer_regions": ["eu-central-1", "us-east-1"],
		"opt_in_regions": [],
		"opt_in_regions_known": true,
		"accepted_justification_reasons": [],
		"q_developer_pro_monthly_price": 19,
		"currency": "USD",
		"price_source": "qcheck default",
	},
	overrides,
)

# A customization of the default application's profile, trained on no declared unit.
customization(overrides) := object.union(
	object.union(in_account(object.get(overrides, "account_id", "333333333333")), {
		"arn": "arn:aws:codewhisperer:us-east-1:333333333333:customization/CUSTOM000001",
		"name": "custom",
		"description": "",
		"origin": "declared",
		"region": "us-east-1",
		"profile_arn": "arn:aws:sso::111111111111:application/ssoins-org/apl-0001",
		"profile_found": true,
		"profile_region": "us-east-1",
		"profile_instance_arn": org_instance_arn,
		"data_source": {"type": "s3", "region": "us-east-1", "location": "s3://code"},
		"business_unit": null,
		"allowed_groups": [],
		"access_declared": false,
		"grants": [],
	}),
	overrides,
)

# A group of the organization instance granted a customization, inside its unit's groups.
grant(overrides) := object.union(
	{
		"principal": "Team",
		"principal_type": "group",
		"principal_arn": "arn:aws:identitystore:::group/g-0001",
		"principal_name": "Team",
		"identity_store_id": "d-0000000001",
		"instance_arn": org_instance_arn,
		"same_instance": true,
		"outside_user_arns": [],
		"people_known": true,
	},
	overrides,
)
