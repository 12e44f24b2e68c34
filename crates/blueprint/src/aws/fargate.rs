//! Valid CPU and memory combinations for ECS tasks on AWS Fargate (Linux, platform 1.4.0).
//!
//! Fargate rejects any other pairing at deploy time, long after `terraform plan` passed,
//! so the validator checks them up front. CPU is in CPU units (1024 = one vCPU) and
//! memory in MiB, matching the task definition's `cpu` and `memory` fields.
//!
//! Source (checked late 2026): Amazon ECS Developer Guide, "Task CPU and memory" table for
//! the Fargate launch type. Windows tasks have a narrower table and are not covered.

use super::join_or;

/// Task CPU values Fargate accepts, in CPU units, smallest first.
pub const CPU_UNITS: &[u32] = &[256, 512, 1024, 2048, 4096, 8192, 16384];

/// The memory sizes allowed for one CPU value.
enum Memory {
    /// An explicit list, for the one row that is not an arithmetic progression.
    List(&'static [u32]),
    /// `min..=max` in increments of `step`.
    Range { min: u32, max: u32, step: u32 },
}

const fn range(min: u32, max: u32, step: u32) -> Memory {
    Memory::Range { min, max, step }
}

fn memory_for(cpu: u32) -> Option<Memory> {
    Some(match cpu {
        256 => Memory::List(&[512, 1024, 2048]),
        512 => range(1024, 4096, 1024),
        1024 => range(2048, 8192, 1024),
        2048 => range(4096, 16384, 1024),
        4096 => range(8192, 30720, 1024),
        8192 => range(16384, 61440, 4096),
        16384 => range(32768, 122_880, 8192),
        _ => return None,
    })
}

/// Every memory size (MiB) Fargate accepts with `cpu`, smallest first; empty when `cpu`
/// is not one of [`CPU_UNITS`].
pub fn memory_options(cpu: u32) -> Vec<u32> {
    match memory_for(cpu) {
        None => Vec::new(),
        Some(Memory::List(sizes)) => sizes.to_vec(),
        Some(Memory::Range { min, max, step }) => {
            std::iter::successors(Some(min), |size| size.checked_add(step))
                .take_while(|&size| size <= max)
                .collect()
        }
    }
}

/// Whether Fargate accepts a task with `cpu` units and `memory` MiB.
pub fn is_valid(cpu: u32, memory: u32) -> bool {
    match memory_for(cpu) {
        None => false,
        Some(Memory::List(sizes)) => sizes.contains(&memory),
        Some(Memory::Range { min, max, step }) => {
            (min..=max).contains(&memory) && (memory - min).is_multiple_of(step)
        }
    }
}

/// The memory sizes allowed with `cpu` as a phrase for error messages, e.g.
/// `"1024-4096 MiB in steps of 1024"`.
pub fn describe_memory_options(cpu: u32) -> String {
    match memory_for(cpu) {
        None => format!(
            "none, because {cpu} is not a Fargate CPU value (use {})",
            join_or(CPU_UNITS)
        ),
        Some(Memory::List(sizes)) => format!("{} MiB", join_or(sizes)),
        Some(Memory::Range { min, max, step }) => {
            format!("{min}-{max} MiB in steps of {step}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cpu_value_has_memory_options() {
        for &cpu in CPU_UNITS {
            let options = memory_options(cpu);
            assert!(!options.is_empty(), "{cpu}");
            assert!(options.windows(2).all(|pair| pair[0] < pair[1]), "{cpu}");
            for &memory in &options {
                assert!(is_valid(cpu, memory), "{cpu}/{memory}");
            }
        }
    }

    #[test]
    fn option_lists_match_the_ecs_table() {
        assert_eq!(memory_options(256), [512, 1024, 2048]);
        assert_eq!(memory_options(512), [1024, 2048, 3072, 4096]);
        assert_eq!(memory_options(1024).len(), 7);
        assert_eq!(memory_options(2048).len(), 13);
        assert_eq!(memory_options(4096).len(), 23);
        assert_eq!(memory_options(8192).first(), Some(&16384));
        assert_eq!(memory_options(8192).last(), Some(&61440));
        assert_eq!(memory_options(8192).len(), 12);
        assert_eq!(memory_options(16384).last(), Some(&122_880));
        assert_eq!(memory_options(16384).len(), 12);
    }

    #[test]
    fn invalid_combinations_are_rejected() {
        assert!(!is_valid(256, 4096));
        assert!(!is_valid(256, 1536));
        assert!(!is_valid(512, 512));
        assert!(!is_valid(1024, 1536));
        assert!(!is_valid(4096, 31744));
        assert!(!is_valid(8192, 18432));
        assert!(!is_valid(16384, 36864));
        assert!(!is_valid(300, 1024));
        assert!(!is_valid(0, 0));
        assert!(memory_options(3000).is_empty());
    }

    #[test]
    fn valid_combinations_are_accepted() {
        assert!(is_valid(256, 512));
        assert!(is_valid(256, 2048));
        assert!(is_valid(512, 3072));
        assert!(is_valid(2048, 16384));
        assert!(is_valid(4096, 30720));
        assert!(is_valid(8192, 16384 + 4096));
        assert!(is_valid(16384, 32768 + 8192));
    }

    #[test]
    fn descriptions() {
        assert_eq!(describe_memory_options(256), "512, 1024 or 2048 MiB");
        assert_eq!(
            describe_memory_options(512),
            "1024-4096 MiB in steps of 1024"
        );
        assert_eq!(
            describe_memory_options(16384),
            "32768-122880 MiB in steps of 8192"
        );
        let invalid = describe_memory_options(100);
        assert!(
            invalid.contains("256, 512") && invalid.contains("16384"),
            "{invalid}"
        );
    }
}
