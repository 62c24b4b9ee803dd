/**
 * Which Regions the fake cloud knows and what each answers: its availability zones and whether ELB has an
 * account there.
 */

/**
 * How many regular availability zones each Region offers a new account, as `DescribeAvailabilityZones` answers
 * (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html). Some Regions
 * have more zones than a new account sees (us-west-1, ap-northeast-1): the count is what an account gets.
 */
export const AVAILABILITY_ZONE_COUNTS: Record<string, number> = {
    "us-east-1": 6,
    "us-east-2": 3,
    "us-west-1": 2,
    "us-west-2": 4,
    "af-south-1": 3,
    "ap-east-1": 3,
    "ap-east-2": 3,
    "ap-south-1": 3,
    "ap-south-2": 3,
    "ap-southeast-1": 3,
    "ap-southeast-2": 3,
    "ap-southeast-3": 3,
    "ap-southeast-4": 3,
    "ap-southeast-5": 3,
    "ap-southeast-6": 3,
    "ap-southeast-7": 3,
    "ap-northeast-1": 3,
    "ap-northeast-2": 4,
    "ap-northeast-3": 3,
    "ca-central-1": 3,
    "ca-west-1": 3,
    "eu-central-1": 3,
    "eu-central-2": 3,
    "eu-west-1": 3,
    "eu-west-2": 3,
    "eu-west-3": 3,
    "eu-south-1": 3,
    "eu-south-2": 3,
    "eu-north-1": 3,
    "il-central-1": 3,
    "me-south-1": 3,
    "me-central-1": 3,
    "mx-central-1": 3,
    "sa-east-1": 3,
    "us-gov-east-1": 3,
    "us-gov-west-1": 3,
    "cn-north-1": 3,
    "cn-northwest-1": 3,
};

/** Regions opened since December 2021: ELB delivers their access logs only as a service principal. */
export const REGIONS_WITHOUT_ELB_ACCOUNT = new Set([
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-7",
    "ap-south-2",
    "ap-east-2",
    "eu-south-2",
    "eu-central-2",
    "me-central-1",
    "il-central-1",
    "ca-west-1",
    "mx-central-1",
]);
