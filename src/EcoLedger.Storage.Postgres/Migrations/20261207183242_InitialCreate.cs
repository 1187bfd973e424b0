using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EcoLedger.Storage.Postgres.Migrations;

/// <inheritdoc />
public partial class InitialCreate : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "audit_checkpoints",
            columns: table => new
            {
                tree_size = table.Column<long>(type: "bigint", nullable: false),
                ledger_id = table.Column<string>(type: "text", nullable: false),
                root_hash = table.Column<string>(type: "text", nullable: false),
                time = table.Column<string>(type: "text", nullable: false),
                signature = table.Column<string>(type: "text", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_audit_checkpoints", x => x.tree_size);
            });

        migrationBuilder.CreateTable(
            name: "audit_state",
            columns: table => new
            {
                id = table.Column<int>(type: "integer", nullable: false),
                ledger_id = table.Column<string>(type: "text", nullable: false),
                public_key = table.Column<string>(type: "text", nullable: false),
                tree_size = table.Column<long>(type: "bigint", nullable: false),
                compact_range = table.Column<byte[]>(type: "bytea", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_audit_state", x => x.id);
            });

        migrationBuilder.CreateTable(
            name: "audit_subtrees",
            columns: table => new
            {
                height = table.Column<int>(type: "integer", nullable: false),
                start = table.Column<long>(type: "bigint", nullable: false),
                hash = table.Column<byte[]>(type: "bytea", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_audit_subtrees", x => new { x.height, x.start });
            });

        migrationBuilder.CreateTable(
            name: "bank_certificates",
            columns: table => new
            {
                id = table.Column<string>(type: "text", nullable: false),
                package_id = table.Column<string>(type: "text", nullable: false),
                holder_id = table.Column<string>(type: "text", nullable: false),
                weight = table.Column<decimal>(type: "numeric", nullable: false),
                guaranteed_minimum_fen = table.Column<long>(type: "bigint", nullable: false),
                status = table.Column<string>(type: "text", nullable: false),
                pledgee_id = table.Column<string>(type: "text", nullable: true),
                loan_fen = table.Column<long>(type: "bigint", nullable: true),
                version = table.Column<long>(type: "bigint", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_bank_certificates", x => x.id);
            });

        migrationBuilder.CreateTable(
            name: "bank_distributions",
            columns: table => new
            {
                package_id = table.Column<string>(type: "text", nullable: false),
                year = table.Column<int>(type: "integer", nullable: false),
                certificate_id = table.Column<string>(type: "text", nullable: false),
                holder_id = table.Column<string>(type: "text", nullable: false),
                minimum_fen = table.Column<long>(type: "bigint", nullable: false),
                paid_minimum_fen = table.Column<long>(type: "bigint", nullable: false),
                profit_fen = table.Column<long>(type: "bigint", nullable: false),
                total_fen = table.Column<long>(type: "bigint", nullable: false),
                owed_fen = table.Column<long>(type: "bigint", nullable: false),
                seq = table.Column<long>(type: "bigint", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_bank_distributions", x => new { x.package_id, x.year, x.certificate_id });
            });

        migrationBuilder.CreateTable(
            name: "bank_package_units",
            columns: table => new
            {
                package_id = table.Column<string>(type: "text", nullable: false),
                unit_id = table.Column<string>(type: "text", nullable: false),
                contributor = table.Column<string>(type: "text", nullable: false),
                mode = table.Column<string>(type: "text", nullable: false),
                term_years = table.Column<int>(type: "integer", nullable: false),
                area_ha = table.Column<decimal>(type: "numeric", nullable: false),
                annual_gep_fen = table.Column<long>(type: "bigint", nullable: false),
                carbon_t_per_year = table.Column<decimal>(type: "numeric", nullable: false),
                guaranteed_min_fen = table.Column<long>(type: "bigint", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_bank_package_units", x => new { x.package_id, x.unit_id });
            });

        migrationBuilder.CreateTable(
            name: "bank_packages",
            columns: table => new
            {
                id = table.Column<string>(type: "text", nullable: false),
                operator_id = table.Column<string>(type: "text", nullable: false),
                name = table.Column<string>(type: "text", nullable: false),
                share_basis = table.Column<string>(type: "text", nullable: false),
                services = table.Column<string>(type: "text", nullable: false),
                created_seq = table.Column<long>(type: "bigint", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_bank_packages", x => x.id);
            });

        migrationBuilder.CreateTable(
            name: "block_touches",
            columns: table => new
            {
                block_id = table.Column<long>(type: "bigint", nullable: false),
                seq = table.Column<long>(type: "bigint", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_block_touches", x => new { x.block_id, x.seq });
            });

        migrationBuilder.CreateTable(
            name: "blocks",
            columns: table => new
            {
                id = table.Column<long>(type: "bigint", nullable: false),
                project_id = table.Column<string>(type: "text", nullable: false),
                vintage_start = table.Column<DateOnly>(type: "date", nullable: false),
                vintage_end = table.Column<DateOnly>(type: "date", nullable: false),
                start = table.Column<long>(type: "bigint", nullable: false),
                end = table.Column<long>(type: "bigint", nullable: false),
                holder_id = table.Column<string>(type: "text", nullable: false),
                status = table.Column<string>(type: "text", nullable: false),
                pledgee_id = table.Column<string>(type: "text", nullable: true),
                parent_id = table.Column<long>(type: "bigint", nullable: true),
                created_seq = table.Column<long>(type: "bigint", nullable: false),
                version = table.Column<long>(type: "bigint", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_blocks", x => x.id);
            });

        migrationBuilder.CreateTable(
            name: "comp_agreements",
            columns: table => new
            {
                id = table.Column<string>(type: "text", nullable: false),
                name = table.Column<string>(type: "text", nullable: false),
                administrator_id = table.Column<string>(type: "text", nullable: false),
                period_start = table.Column<DateOnly>(type: "date", nullable: false),
                period_end = table.Column<DateOnly>(type: "date", nullable: false),
                round_months = table.Column<int>(type: "integer", nullable: false),
                rule_json = table.Column<string>(type: "text", nullable: false),
                state = table.Column<string>(type: "text", nullable: false),
                created_seq = table.Column<long>(type: "bigint", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_comp_agreements", x => x.id);
            });

        migrationBuilder.CreateTable(
            name: "comp_payments",
            columns: table => new
            {
                id = table.Column<string>(type: "text", nullable: false),
                agreement_id = table.Column<string>(type: "text", nullable: false),
                round_id = table.Column<string>(type: "text", nullable: false),
                source_id = table.Column<string>(type: "text", nullable: false),
                from_party = table.Column<string>(type: "text", nullable: false),
                to_party = table.Column<string>(type: "text", nullable: false),
                amount_fen = table.Column<long>(type: "bigint", nullable: false),
                state = table.Column<string>(type: "text", nullable: false),
                created_seq = table.Column<long>(type: "bigint", nullable: false),
                resolved_seq = table.Column<long>(type: "bigint", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_comp_payments", x => x.id);
            });

        migrationBuilder.CreateTable(
            name: "comp_postings",
            columns: table => new
            {
                seq = table.Column<long>(type: "bigint", nullable: false),
                account = table.Column<string>(type: "text", nullable: false),
                agreement_id = table.Column<string>(type: "text", nullable: false),
                amount_fen = table.Column<long>(type: "bigint", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_comp_postings", x => new { x.seq, x.account });
            });

        migrationBuilder.CreateTable(
            name: "comp_rounds",
            columns: table => new
            {
                id = table.Column<string>(type: "text", nullable: false),
                agreement_id = table.Column<string>(type: "text", nullable: false),
                number = table.Column<int>(type: "integer", nullable: false),
                period_start = table.Column<DateOnly>(type: "date", nullable: false),
                period_end = table.Column<DateOnly>(type: "date", nullable: false),
                state = table.Column<string>(type: "text", nullable: false),
                assessment_json = table.Column<string>(type: "text", nullable: true),
                assessed_seq = table.Column<long>(type: "bigint", nullable: true),
                direction = table.Column<string>(type: "text", nullable: true),
                amount_fen = table.Column<long>(type: "bigint", nullable: true),
                dispute = table.Column<string>(type: "text", nullable: true),
                resolution = table.Column<string>(type: "text", nullable: true),
                settled_seq = table.Column<long>(type: "bigint", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_comp_rounds", x => x.id);
            });

        migrationBuilder.CreateTable(
            name: "comp_samples",
            columns: table => new
            {
                id = table.Column<long>(type: "bigint", nullable: false),
                round_id = table.Column<string>(type: "text", nullable: false),
                section = table.Column<string>(type: "text", nullable: false),
                sampled_at = table.Column<string>(type: "text", nullable: false),
                indicator = table.Column<string>(type: "text", nullable: false),
                value = table.Column<string>(type: "text", nullable: false),
                unit = table.Column<string>(type: "text", nullable: false),
                lab = table.Column<string>(type: "text", nullable: false),
                party = table.Column<string>(type: "text", nullable: false),
                corrects_id = table.Column<long>(type: "bigint", nullable: true),
                reason = table.Column<string>(type: "text", nullable: true),
                imported_seq = table.Column<long>(type: "bigint", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_comp_samples", x => x.id);
            });

        migrationBuilder.CreateTable(
            name: "interop_article6",
            columns: table => new
            {
                issuance_id = table.Column<string>(type: "text", nullable: false),
                project_id = table.Column<string>(type: "text", nullable: false),
                authorization = table.Column<string>(type: "text", nullable: false),
                adjustment = table.Column<string>(type: "text", nullable: false),
                authorization_reference = table.Column<string>(type: "text", nullable: true),
                authorized_on = table.Column<DateOnly>(type: "date", nullable: true),
                first_transfer_on = table.Column<DateOnly>(type: "date", nullable: true),
                first_transfer_basis = table.Column<string>(type: "text", nullable: true),
                adjustment_reference = table.Column<string>(type: "text", nullable: true),
                adjusted_on = table.Column<DateOnly>(type: "date", nullable: true),
                updated_seq = table.Column<long>(type: "bigint", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_interop_article6", x => x.issuance_id);
            });

        migrationBuilder.CreateTable(
            name: "interop_jurisdictions",
            columns: table => new
            {
                participant_id = table.Column<string>(type: "text", nullable: false),
                country = table.Column<string>(type: "text", nullable: false),
                region = table.Column<string>(type: "text", nullable: true),
                updated_seq = table.Column<long>(type: "bigint", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_interop_jurisdictions", x => x.participant_id);
            });

        migrationBuilder.CreateTable(
            name: "interop_labels",
            columns: table => new
            {
                id = table.Column<string>(type: "text", nullable: false),
                project_id = table.Column<string>(type: "text", nullable: false),
                issuance_id = table.Column<string>(type: "text", nullable: true),
                label = table.Column<string>(type: "text", nullable: false),
                label_type = table.Column<string>(type: "text", nullable: false),
                approving_body = table.Column<string>(type: "text", nullable: false),
                approved_on = table.Column<DateOnly>(type: "date", nullable: false),
                valid_from = table.Column<DateOnly>(type: "date", nullable: false),
                valid_to = table.Column<DateOnly>(type: "date", nullable: false),
                link = table.Column<string>(type: "text", nullable: false),
                state = table.Column<string>(type: "text", nullable: false),
                withdrawn_reason = table.Column<string>(type: "text", nullable: true),
                granted_seq = table.Column<long>(type: "bigint", nullable: false),
                withdrawn_seq = table.Column<long>(type: "bigint", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_interop_labels", x => x.id);
            });

        migrationBuilder.CreateTable(
            name: "interop_listings",
            columns: table => new
            {
                project_id = table.Column<string>(type: "text", nullable: false),
                registry = table.Column<string>(type: "text", nullable: false),
                external_id = table.Column<string>(type: "text", nullable: false),
                relationship = table.Column<string>(type: "text", nullable: false),
                link = table.Column<string>(type: "text", nullable: true),
                added_seq = table.Column<long>(type: "bigint", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_interop_listings", x => new { x.project_id, x.registry, x.external_id });
            });

        migrationBuilder.CreateTable(
            name: "interop_projects",
            columns: table => new
            {
                project_id = table.Column<string>(type: "text", nullable: false),
                name = table.Column<string>(type: "text", nullable: false),
                ndc_coverage = table.Column<string>(type: "text", nullable: false),
                host_country = table.Column<string>(type: "text", nullable: false),
                host_region = table.Column<string>(type: "text", nullable: true),
                sector = table.Column<string>(type: "text", nullable: false),
                project_type = table.Column<string>(type: "text", nullable: false),
                methodology = table.Column<string>(type: "text", nullable: false),
                updated_seq = table.Column<long>(type: "bigint", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_interop_projects", x => x.project_id);
            });

        migrationBuilder.CreateTable(
            name: "issuance_requests",
            columns: table => new
            {
                id = table.Column<string>(type: "text", nullable: false),
                project_id = table.Column<string>(type: "text", nullable: false),
                vintage_start = table.Column<DateOnly>(type: "date", nullable: false),
                vintage_end = table.Column<DateOnly>(type: "date", nullable: false),
                quantity = table.Column<long>(type: "bigint", nullable: false),
                state = table.Column<string>(type: "text", nullable: false),
                verifier_id = table.Column<string>(type: "text", nullable: true),
                serial_start = table.Column<long>(type: "bigint", nullable: true),
                buffer_quantity = table.Column<long>(type: "bigint", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_issuance_requests", x => x.id);
            });

        migrationBuilder.CreateTable(
            name: "journal",
            columns: table => new
            {
                seq = table.Column<long>(type: "bigint", nullable: false),
                time = table.Column<string>(type: "text", nullable: false),
                actor = table.Column<string>(type: "text", nullable: false),
                kind = table.Column<string>(type: "text", nullable: false),
                payload = table.Column<string>(type: "text", nullable: false),
                prev_hash = table.Column<string>(type: "text", nullable: false),
                hash = table.Column<string>(type: "text", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_journal", x => x.seq);
            });

        migrationBuilder.CreateTable(
            name: "ledger_settings",
            columns: table => new
            {
                name = table.Column<string>(type: "text", nullable: false),
                value = table.Column<string>(type: "text", nullable: false),
                set_seq = table.Column<long>(type: "bigint", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ledger_settings", x => x.name);
            });

        migrationBuilder.CreateTable(
            name: "mon_aggregates",
            columns: table => new
            {
                station_id = table.Column<string>(type: "text", nullable: false),
                variable = table.Column<string>(type: "text", nullable: false),
                period = table.Column<string>(type: "text", nullable: false),
                start = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                measured = table.Column<long>(type: "bigint", nullable: false),
                filled = table.Column<long>(type: "bigint", nullable: false),
                readings = table.Column<int>(type: "integer", nullable: false),
                flagged = table.Column<int>(type: "integer", nullable: false),
                filled_slots = table.Column<int>(type: "integer", nullable: false),
                unfilled_slots = table.Column<int>(type: "integer", nullable: false),
                diurnal_slots = table.Column<int>(type: "integer", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_mon_aggregates", x => new { x.station_id, x.variable, x.period, x.start });
            });

        migrationBuilder.CreateTable(
            name: "mon_readings",
            columns: table => new
            {
                id = table.Column<long>(type: "bigint", nullable: false),
                station_id = table.Column<string>(type: "text", nullable: false),
                variable = table.Column<string>(type: "text", nullable: false),
                time_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                year = table.Column<int>(type: "integer", nullable: false),
                offset_minutes = table.Column<int>(type: "integer", nullable: false),
                value = table.Column<string>(type: "text", nullable: false),
                unit = table.Column<string>(type: "text", nullable: false),
                quality = table.Column<string>(type: "text", nullable: true),
                qc_value = table.Column<string>(type: "text", nullable: false),
                amount = table.Column<long>(type: "bigint", nullable: false),
                flags = table.Column<int>(type: "integer", nullable: false),
                corrects_id = table.Column<long>(type: "bigint", nullable: true),
                superseded_by = table.Column<long>(type: "bigint", nullable: true),
                recorded_seq = table.Column<long>(type: "bigint", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_mon_readings", x => x.id);
            });

        migrationBuilder.CreateTable(
            name: "mon_regions",
            columns: table => new
            {
                region = table.Column<string>(type: "text", nullable: false),
                variable = table.Column<string>(type: "text", nullable: false),
                year = table.Column<int>(type: "integer", nullable: false),
                total = table.Column<long>(type: "bigint", nullable: false),
                units = table.Column<int>(type: "integer", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_mon_regions", x => new { x.region, x.variable, x.year });
            });

        migrationBuilder.CreateTable(
            name: "mon_series",
            columns: table => new
            {
                station_id = table.Column<string>(type: "text", nullable: false),
                variable = table.Column<string>(type: "text", nullable: false),
                year = table.Column<int>(type: "integer", nullable: false),
                total = table.Column<long>(type: "bigint", nullable: false),
                filled = table.Column<long>(type: "bigint", nullable: false),
                slots = table.Column<int>(type: "integer", nullable: false),
                valid_slots = table.Column<int>(type: "integer", nullable: false),
                linear_slots = table.Column<int>(type: "integer", nullable: false),
                diurnal_slots = table.Column<int>(type: "integer", nullable: false),
                unfilled_slots = table.Column<int>(type: "integer", nullable: false),
                range_flags = table.Column<int>(type: "integer", nullable: false),
                spike_flags = table.Column<int>(type: "integer", nullable: false),
                stuck_flags = table.Column<int>(type: "integer", nullable: false),
                source_flags = table.Column<int>(type: "integer", nullable: false),
                pruned_seq = table.Column<long>(type: "bigint", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_mon_series", x => new { x.station_id, x.variable, x.year });
            });

        migrationBuilder.CreateTable(
            name: "mon_station_units",
            columns: table => new
            {
                station_id = table.Column<string>(type: "text", nullable: false),
                unit_id = table.Column<string>(type: "text", nullable: false),
                weight = table.Column<string>(type: "text", nullable: false),
                area_ha = table.Column<string>(type: "text", nullable: false),
                region = table.Column<string>(type: "text", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_mon_station_units", x => new { x.station_id, x.unit_id });
            });

        migrationBuilder.CreateTable(
            name: "mon_stations",
            columns: table => new
            {
                id = table.Column<string>(type: "text", nullable: false),
                kind = table.Column<string>(type: "text", nullable: false),
                longitude = table.Column<string>(type: "text", nullable: false),
                latitude = table.Column<string>(type: "text", nullable: false),
                definition = table.Column<string>(type: "text", nullable: false),
                registered_seq = table.Column<long>(type: "bigint", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_mon_stations", x => x.id);
            });

        migrationBuilder.CreateTable(
            name: "mon_units",
            columns: table => new
            {
                unit_id = table.Column<string>(type: "text", nullable: false),
                variable = table.Column<string>(type: "text", nullable: false),
                year = table.Column<int>(type: "integer", nullable: false),
                region = table.Column<string>(type: "text", nullable: false),
                area_ha = table.Column<string>(type: "text", nullable: false),
                per_ha = table.Column<string>(type: "text", nullable: false),
                total = table.Column<long>(type: "bigint", nullable: false),
                stations = table.Column<int>(type: "integer", nullable: false),
                covered_slots = table.Column<long>(type: "bigint", nullable: false),
                filled_slots = table.Column<long>(type: "bigint", nullable: false),
                year_slots = table.Column<long>(type: "bigint", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_mon_units", x => new { x.unit_id, x.variable, x.year });
            });

        migrationBuilder.CreateTable(
            name: "participant_keys",
            columns: table => new
            {
                key_id = table.Column<string>(type: "text", nullable: false),
                participant_id = table.Column<string>(type: "text", nullable: false),
                public_key = table.Column<string>(type: "text", nullable: false),
                registered_seq = table.Column<long>(type: "bigint", nullable: false),
                revoked_seq = table.Column<long>(type: "bigint", nullable: true),
                revoked_reason = table.Column<string>(type: "text", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_participant_keys", x => x.key_id);
            });

        migrationBuilder.CreateTable(
            name: "participants",
            columns: table => new
            {
                id = table.Column<string>(type: "text", nullable: false),
                role = table.Column<string>(type: "text", nullable: false),
                name = table.Column<string>(type: "text", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_participants", x => x.id);
            });

        migrationBuilder.CreateTable(
            name: "pledge_loans",
            columns: table => new
            {
                pledge_seq = table.Column<long>(type: "bigint", nullable: false),
                borrower = table.Column<string>(type: "text", nullable: false),
                bank = table.Column<string>(type: "text", nullable: false),
                principal_fen = table.Column<long>(type: "bigint", nullable: false),
                haircut_basis_points = table.Column<int>(type: "integer", nullable: true),
                recorded_seq = table.Column<long>(type: "bigint", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_pledge_loans", x => x.pledge_seq);
            });

        migrationBuilder.CreateTable(
            name: "postings",
            columns: table => new
            {
                seq = table.Column<long>(type: "bigint", nullable: false),
                account = table.Column<string>(type: "text", nullable: false),
                project_id = table.Column<string>(type: "text", nullable: false),
                vintage_start = table.Column<DateOnly>(type: "date", nullable: false),
                vintage_end = table.Column<DateOnly>(type: "date", nullable: false),
                amount = table.Column<long>(type: "bigint", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_postings", x => new { x.seq, x.account, x.project_id, x.vintage_start, x.vintage_end });
            });

        migrationBuilder.CreateTable(
            name: "price_quotes",
            columns: table => new
            {
                market = table.Column<string>(type: "text", nullable: false),
                date = table.Column<DateOnly>(type: "date", nullable: false),
                fen_per_tonne = table.Column<long>(type: "bigint", nullable: false),
                source = table.Column<string>(type: "text", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_price_quotes", x => new { x.market, x.date });
            });

        migrationBuilder.CreateTable(
            name: "projects",
            columns: table => new
            {
                id = table.Column<string>(type: "text", nullable: false),
                owner_id = table.Column<string>(type: "text", nullable: false),
                region = table.Column<string>(type: "text", nullable: false),
                methodology = table.Column<string>(type: "text", nullable: false),
                buffer_basis_points = table.Column<int>(type: "integer", nullable: false),
                period_start = table.Column<DateOnly>(type: "date", nullable: false),
                period_end = table.Column<DateOnly>(type: "date", nullable: false),
                state = table.Column<string>(type: "text", nullable: false),
                next_serial = table.Column<long>(type: "bigint", nullable: false),
                reversal_shortfall = table.Column<long>(type: "bigint", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_projects", x => x.id);
            });

        migrationBuilder.CreateTable(
            name: "requests",
            columns: table => new
            {
                request_id = table.Column<string>(type: "text", nullable: false),
                fingerprint = table.Column<string>(type: "text", nullable: false),
                seq = table.Column<long>(type: "bigint", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_requests", x => x.request_id);
            });

        migrationBuilder.CreateTable(
            name: "comp_funding_sources",
            columns: table => new
            {
                agreement_id = table.Column<string>(type: "text", nullable: false),
                source_id = table.Column<string>(type: "text", nullable: false),
                kind = table.Column<string>(type: "text", nullable: false),
                share = table.Column<long>(type: "bigint", nullable: false),
                funder = table.Column<string>(type: "text", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_comp_funding_sources", x => new { x.agreement_id, x.source_id });
                table.ForeignKey(
                    name: "FK_comp_funding_sources_comp_agreements_agreement_id",
                    column: x => x.agreement_id,
                    principalTable: "comp_agreements",
                    principalColumn: "id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "comp_parties",
            columns: table => new
            {
                agreement_id = table.Column<string>(type: "text", nullable: false),
                participant_id = table.Column<string>(type: "text", nullable: false),
                side = table.Column<string>(type: "text", nullable: false),
                weight = table.Column<int>(type: "integer", nullable: false),
                label = table.Column<string>(type: "text", nullable: true),
                signed_seq = table.Column<long>(type: "bigint", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_comp_parties", x => new { x.agreement_id, x.participant_id });
                table.ForeignKey(
                    name: "FK_comp_parties_comp_agreements_agreement_id",
                    column: x => x.agreement_id,
                    principalTable: "comp_agreements",
                    principalColumn: "id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "project_units",
            columns: table => new
            {
                project_id = table.Column<string>(type: "text", nullable: false),
                unit_id = table.Column<string>(type: "text", nullable: false),
                geometry_wkb = table.Column<byte[]>(type: "bytea", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_project_units", x => new { x.project_id, x.unit_id });
                table.ForeignKey(
                    name: "FK_project_units_projects_project_id",
                    column: x => x.project_id,
                    principalTable: "projects",
                    principalColumn: "id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(
            name: "IX_bank_certificates_package_id",
            table: "bank_certificates",
            column: "package_id");

        migrationBuilder.CreateIndex(
            name: "IX_blocks_holder_id_status",
            table: "blocks",
            columns: new[] { "holder_id", "status" });

        migrationBuilder.CreateIndex(
            name: "IX_blocks_project_id_start",
            table: "blocks",
            columns: new[] { "project_id", "start" },
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_comp_payments_agreement_id",
            table: "comp_payments",
            column: "agreement_id");

        migrationBuilder.CreateIndex(
            name: "IX_comp_payments_round_id",
            table: "comp_payments",
            column: "round_id");

        migrationBuilder.CreateIndex(
            name: "IX_comp_postings_account",
            table: "comp_postings",
            column: "account");

        migrationBuilder.CreateIndex(
            name: "IX_comp_postings_agreement_id",
            table: "comp_postings",
            column: "agreement_id");

        migrationBuilder.CreateIndex(
            name: "IX_comp_rounds_agreement_id_number",
            table: "comp_rounds",
            columns: new[] { "agreement_id", "number" },
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_comp_samples_round_id",
            table: "comp_samples",
            column: "round_id");

        migrationBuilder.CreateIndex(
            name: "IX_interop_article6_project_id",
            table: "interop_article6",
            column: "project_id");

        migrationBuilder.CreateIndex(
            name: "IX_interop_labels_project_id",
            table: "interop_labels",
            column: "project_id");

        migrationBuilder.CreateIndex(
            name: "IX_interop_listings_registry_external_id",
            table: "interop_listings",
            columns: new[] { "registry", "external_id" });

        migrationBuilder.CreateIndex(
            name: "IX_issuance_requests_project_id",
            table: "issuance_requests",
            column: "project_id");

        migrationBuilder.CreateIndex(
            name: "IX_mon_readings_station_id_variable_time_utc",
            table: "mon_readings",
            columns: new[] { "station_id", "variable", "time_utc" });

        migrationBuilder.CreateIndex(
            name: "IX_mon_station_units_unit_id",
            table: "mon_station_units",
            column: "unit_id");

        migrationBuilder.CreateIndex(
            name: "IX_mon_units_region_variable_year",
            table: "mon_units",
            columns: new[] { "region", "variable", "year" });

        migrationBuilder.CreateIndex(
            name: "IX_participant_keys_participant_id",
            table: "participant_keys",
            column: "participant_id");

        migrationBuilder.CreateIndex(
            name: "IX_postings_account_amount",
            table: "postings",
            columns: new[] { "account", "amount" });

        migrationBuilder.CreateIndex(
            name: "IX_project_units_unit_id",
            table: "project_units",
            column: "unit_id");
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(
            name: "audit_checkpoints");

        migrationBuilder.DropTable(
            name: "audit_state");

        migrationBuilder.DropTable(
            name: "audit_subtrees");

        migrationBuilder.DropTable(
            name: "bank_certificates");

        migrationBuilder.DropTable(
            name: "bank_distributions");

        migrationBuilder.DropTable(
            name: "bank_package_units");

        migrationBuilder.DropTable(
            name: "bank_packages");

        migrationBuilder.DropTable(
            name: "block_touches");

        migrationBuilder.DropTable(
            name: "blocks");

        migrationBuilder.DropTable(
            name: "comp_funding_sources");

        migrationBuilder.DropTable(
            name: "comp_parties");

        migrationBuilder.DropTable(
            name: "comp_payments");

        migrationBuilder.DropTable(
            name: "comp_postings");

        migrationBuilder.DropTable(
            name: "comp_rounds");

        migrationBuilder.DropTable(
            name: "comp_samples");

        migrationBuilder.DropTable(
            name: "interop_article6");

        migrationBuilder.DropTable(
            name: "interop_jurisdictions");

        migrationBuilder.DropTable(
            name: "interop_labels");

        migrationBuilder.DropTable(
            name: "interop_listings");

        migrationBuilder.DropTable(
            name: "interop_projects");

        migrationBuilder.DropTable(
            name: "issuance_requests");

        migrationBuilder.DropTable(
            name: "journal");

        migrationBuilder.DropTable(
            name: "ledger_settings");

        migrationBuilder.DropTable(
            name: "mon_aggregates");

        migrationBuilder.DropTable(
            name: "mon_readings");

        migrationBuilder.DropTable(
            name: "mon_regions");

        migrationBuilder.DropTable(
            name: "mon_series");

        migrationBuilder.DropTable(
            name: "mon_station_units");

        migrationBuilder.DropTable(
            name: "mon_stations");

        migrationBuilder.DropTable(
            name: "mon_units");

        migrationBuilder.DropTable(
            name: "participant_keys");

        migrationBuilder.DropTable(
            name: "participants");

        migrationBuilder.DropTable(
            name: "pledge_loans");

        migrationBuilder.DropTable(
            name: "postings");

        migrationBuilder.DropTable(
            name: "price_quotes");

        migrationBuilder.DropTable(
            name: "project_units");

        migrationBuilder.DropTable(
            name: "requests");

        migrationBuilder.DropTable(
            name: "comp_agreements");

        migrationBuilder.DropTable(
            name: "projects");
    }
}
